from . import test_template
from . import test_signing
from . import test_approval
from . import test_false_promise
from . import test_exemption
from . import test_security
from . import test_portal
from . import test_tour
