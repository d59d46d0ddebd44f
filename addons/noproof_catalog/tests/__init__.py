from . import test_identity
from . import test_organization
from . import test_certificate_rule
from . import test_service_item
from . import test_cancellation_list
from . import test_security
from . import test_tour
