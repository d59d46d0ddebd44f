"""18.0.1.1.0: calendars are offered where deadlines are counted only when marked as a level's office hours. Mark
the calendars already in use by a deadline policy, a holiday or a level with a joint-conference office."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE resource_calendar SET noproof_office = TRUE
         WHERE id IN (SELECT calendar_id FROM noproof_sla_policy WHERE calendar_id IS NOT NULL
                      UNION SELECT calendar_id FROM noproof_holiday
                      UNION SELECT resource_calendar_id FROM res_company
                             WHERE noproof_office_id IS NOT NULL AND resource_calendar_id IS NOT NULL)
        """
    )
