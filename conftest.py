"""Suite-wide pytest settings: a skipped test is a failed test here."""


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and exitstatus == 0:
        for report in skipped:
            reporter.write_line(f"SKIPPED is not allowed: {report.nodeid} {report.longrepr}", red=True)
        session.exitstatus = 1
