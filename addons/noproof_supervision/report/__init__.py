from . import noproof_evaluation_report
