from . import noproof_holiday_import
from . import noproof_check_resolve
from . import noproof_ticket_answer
from . import noproof_level_preset
from . import noproof_data_client_wizard
from . import noproof_ticket_redirect
