from . import noproof_commitment_sign_wizard
from . import noproof_commitment_outcome_wizard
from . import noproof_commitment_bar_lift_wizard
from . import noproof_commitment_bar_decide_wizard
from . import noproof_level_preset
