from . import noproof_ledger_record_wizard
from . import noproof_ledger_export_wizard
from . import base_partner_merge
from . import noproof_ledger_outbound_wizard
from . import noproof_level_preset
