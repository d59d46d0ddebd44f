from . import portal
from . import export
