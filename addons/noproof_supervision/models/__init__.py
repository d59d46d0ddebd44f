from . import res_company
from . import res_config_settings
from . import noproof_complaint
from . import noproof_ticket_escalation
from . import noproof_evaluation_metric
from . import noproof_evaluation
from . import noproof_evaluation_line
from . import noproof_interview
