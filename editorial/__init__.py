"""The editorial calendar: what goes live, expires, falls due or waits for
translation, day by day, in the admin and as a per-user iCalendar feed."""
