from . import noproof_complaint_import
