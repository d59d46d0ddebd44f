from . import noproof_complaint_import
from . import noproof_complaint_conclude
from . import noproof_escalation_findings
from . import noproof_level_preset
