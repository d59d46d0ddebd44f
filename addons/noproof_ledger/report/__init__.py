from . import report_outbound_register
