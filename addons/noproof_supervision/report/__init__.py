from . import noproof_complaint_receipt
from . import noproof_evaluation_report
