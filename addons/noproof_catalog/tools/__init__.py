from . import spreadsheet
from . import statute
from . import exchange
