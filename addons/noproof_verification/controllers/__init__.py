from . import main
from . import case_status
