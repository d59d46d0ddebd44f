from . import portal
from . import export
from . import exchange
