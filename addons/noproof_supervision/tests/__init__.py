from . import test_complaint
from . import test_complaint_import
from . import test_public_form
from . import test_evaluation
from . import test_tour
from . import test_attack_rpc
from . import test_statutes
from . import test_form_new
