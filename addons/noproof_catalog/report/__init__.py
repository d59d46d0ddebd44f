from . import noproof_service_guide
