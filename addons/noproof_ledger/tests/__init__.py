from . import test_record
from . import test_immutability
from . import test_chain
from . import test_concurrency
from . import test_access_log
from . import test_export
from . import test_security
from . import test_tour
from . import test_append_only, test_anchor, test_attack_rpc
from . import test_attachment_access
from . import test_statute, test_statute_rpc
from . import test_form_new
from . import test_onboarding
from . import test_anchor_exchange
from . import test_record_many
