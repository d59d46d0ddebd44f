from . import test_identity
