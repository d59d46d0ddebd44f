# ruff: noqa: F821
# Run by `entrypoint.sh init` through `odoo shell` (which provides `env`): a database created
# from the command line gives its administrator the well-known password "admin". Replace it by
# a random one, printed once, so that no deployment ever runs with a default password.
# Does nothing once the password was changed.
import secrets

admin = env.ref("base.user_admin")
env.cr.execute("SELECT COALESCE(password, '') FROM res_users WHERE id = %s", [admin.id])
stored = env.cr.fetchone()[0]
if stored and admin._crypt_context().verify("admin", stored):
    password = secrets.token_urlsafe(18)
    admin.password = password
    env.cr.commit()
    print(f"noproof: the administrator (login {admin.login!r}) has the password {password!r}.")
    print("noproof: sign in once, change it, and set up two-factor authentication when asked.")
else:
    print("noproof: the administrator's password is not the initial one; left unchanged.")
