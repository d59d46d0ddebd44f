"""18.0.1.1.0: certificate rules lose their 'pending' state, which nobody could move on. A pending rule goes back
to draft: where its level has published its list it takes effect through a change request (the rule form's
'Request a Change'), elsewhere the configuration administrator activates it."""


def migrate(cr, version):
    cr.execute("UPDATE noproof_certificate_rule SET state = 'draft' WHERE state = 'pending'")
