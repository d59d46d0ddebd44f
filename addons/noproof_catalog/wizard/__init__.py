from . import noproof_level_preset
from . import noproof_setup_checklist
from . import noproof_exchange_onboard
