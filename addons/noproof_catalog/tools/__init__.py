from . import spreadsheet
from . import statute
