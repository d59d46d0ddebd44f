"""Office-time arithmetic on one working calendar, without the ORM.

An :class:`OfficeClock` turns a calendar's weekly office hours, its dated
exceptions (public holidays, make-up working days) and its time zone into a
sorted table of office intervals in UTC, with the running total of office time
before each interval. Adding office time to an instant, or measuring the office
time between two instants, is then two binary searches on that table.

All instants are naive UTC ``datetime`` objects, as Odoo stores them.
"""

import math
import threading
from bisect import bisect_left, bisect_right
from datetime import date, datetime, time, timedelta

import pytz

from odoo.tools.cache import get_cache_key_counter

EPOCH = datetime(1970, 1, 1)
HOLIDAY = "holiday"
WORKDAY = "workday"
# How far the clock looks ahead for office time before it gives up.
MAX_YEARS_AHEAD = 20


def cached_call(bound_method, *args):
    """Call an ``ormcache``-decorated method, reading the registry's cache directly
    when the value is there. Going through the decorator, or through the locked
    ``LRU.__getitem__``, binds the arguments with ``inspect`` on every call, which
    costs ten times the look-up itself; a plain read of the underlying ordered
    dict is atomic under the GIL. A miss falls back on the method, which fills
    the cache as usual."""
    cache, key, _counter = get_cache_key_counter(bound_method, *args)
    value = cache.d.get(key, _MISSING)
    return bound_method(*args) if value is _MISSING else value


_MISSING = object()


class NoOfficeTime(ValueError):
    """The calendar has no office hours where some are needed."""


def to_seconds(moment):
    """Seconds since the epoch of a naive UTC datetime."""
    return (moment - EPOCH).total_seconds()


def from_seconds(seconds):
    """Naive UTC datetime of seconds since the epoch, to the whole second."""
    return EPOCH + timedelta(seconds=round(seconds))


def week_type(day):
    """Week parity as ``resource.calendar.attendance.get_week_type`` defines it."""
    return int(math.floor((day.toordinal() - 1) / 7) % 2)


class Attendance:
    """One line of office hours: a weekday, an optional week parity (two-week
    calendars), local hours from/to and an optional validity period."""

    __slots__ = ("weekday", "week_type", "hour_from", "hour_to", "date_from", "date_to")

    def __init__(self, weekday, hour_from, hour_to, week_type=None, date_from=None, date_to=None):
        self.weekday = int(weekday)
        self.week_type = None if week_type in (None, False, "") else int(week_type)
        self.hour_from = float(hour_from)
        self.hour_to = float(hour_to)
        self.date_from = date_from or None
        self.date_to = date_to or None

    def applies(self, weekday, parity, day):
        return (
            self.weekday == weekday
            and (self.week_type is None or self.week_type == parity)
            and (self.date_from is None or self.date_from <= day)
            and (self.date_to is None or day <= self.date_to)
        )


class OfficeClock:
    """The office time of one calendar.

    :param str tz: the calendar's time zone, e.g. ``Asia/Shanghai``
    :param attendances: iterable of :class:`Attendance`
    :param exceptions: ``{date: "holiday" | "workday"}``; a holiday has no
        office hours, a make-up working day (调休) has the calendar's Monday hours
    """

    def __init__(self, tz, attendances, exceptions=None):
        self.tz = pytz.timezone(tz or "UTC")
        self.attendances = [a for a in attendances if a.hour_to > a.hour_from]
        self.exceptions = dict(exceptions or {})
        self.two_weeks = any(a.week_type is not None for a in self.attendances)
        # A working day is a full Monday of office time: make-up days are worked
        # with Monday hours, so each of them counts as exactly one working day.
        monday = [a for a in self.attendances if a.weekday == 0 and a.week_type in (None, 0)]
        self.day_seconds = sum((a.hour_to - a.hour_from) * 3600.0 for a in self._merge_hours(monday))
        self._lock = threading.Lock()
        self._years = None  # (first, last) covered
        self._bounds = (0.0, 0.0)  # seconds covered: [low, high)
        self._table = ((), (), (0.0,))  # starts, ends, cumulated office seconds before each interval

    # ------------------------------------------------------------------ table
    @staticmethod
    def _merge_hours(attendances):
        spans = sorted((a.hour_from, a.hour_to) for a in attendances)
        merged = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return [Attendance(0, start, end) for start, end in merged]

    def day_hours(self, day):
        """Local office hours of ``day`` as ``[(hour_from, hour_to), ...]``."""
        kind = self.exceptions.get(day)
        if kind == HOLIDAY:
            return []
        weekday = 0 if kind == WORKDAY else day.weekday()
        parity = week_type(day) if self.two_weeks else None
        if (
            kind == WORKDAY
            and self.two_weeks
            and not any(a.weekday == 0 and a.week_type == parity for a in self.attendances)
        ):
            parity = 0
        lines = [a for a in self.attendances if a.applies(weekday, parity, day)]
        return [(a.hour_from, a.hour_to) for a in self._merge_hours(lines)]

    def _local_to_seconds(self, day, hours):
        moment = datetime.combine(day, time()) + timedelta(hours=hours)
        utc = self.tz.localize(moment, is_dst=False).astimezone(pytz.utc).replace(tzinfo=None)
        return to_seconds(utc)

    def _build(self, first_year, last_year):
        starts, ends = [], []
        day = date(first_year, 1, 1)
        stop = date(last_year + 1, 1, 1)
        one_day = timedelta(days=1)
        while day < stop:
            for hour_from, hour_to in self.day_hours(day):
                start = self._local_to_seconds(day, hour_from)
                end = self._local_to_seconds(day, hour_to)
                if starts and start <= ends[-1]:
                    ends[-1] = max(ends[-1], end)  # contiguous across midnight
                else:
                    starts.append(start)
                    ends.append(end)
            day += one_day
        cumulated = [0.0]
        for start, end in zip(starts, ends, strict=True):
            cumulated.append(cumulated[-1] + (end - start))
        low = self._local_to_seconds(date(first_year, 1, 1), 0)
        high = self._local_to_seconds(stop, 0)
        return (tuple(starts), tuple(ends), tuple(cumulated)), (low, high)

    def _cover(self, first_year, last_year):
        with self._lock:
            if self._years:
                first_year = min(first_year, self._years[0])
                last_year = max(last_year, self._years[1])
                if (first_year, last_year) == self._years:
                    return
            table, bounds = self._build(first_year, last_year)
            # Swap the whole table at once: readers never see a half-built one.
            self._table, self._bounds, self._years = table, bounds, (first_year, last_year)

    def _cover_moment(self, seconds):
        year = from_seconds(seconds).year
        self._cover(year - 1, year + 1)

    def _extend_forward(self):
        first, last = self._years
        self._cover(first, last + 2)

    # -------------------------------------------------------------- arithmetic
    def _position(self, seconds, table):
        starts, ends, cumulated = table
        i = bisect_right(starts, seconds) - 1
        if i < 0:
            return 0.0
        if seconds < ends[i]:
            return cumulated[i] + (seconds - starts[i])
        return cumulated[i + 1]

    def add_seconds(self, seconds, office_seconds):
        """The instant (seconds since the epoch) at which ``office_seconds`` of
        office time have elapsed after ``seconds``. A start outside office time
        counts from the next opening; a deadline falling on a closing time stays
        on it."""
        low, high = self._bounds
        if not low <= seconds < high:
            self._cover_moment(seconds)
        table = self._table
        target = self._position(seconds, table) + office_seconds
        for _attempt in range(MAX_YEARS_AHEAD // 2 + 1):
            starts, ends, cumulated = table
            j = bisect_left(cumulated, target, 1) - 1
            if j < len(starts):
                return ends[j] - (cumulated[j + 1] - target)
            self._extend_forward()
            table = self._table
        raise NoOfficeTime(f"no office time within {MAX_YEARS_AHEAD} years")

    def add(self, start, office_seconds):
        """Naive UTC datetime at which ``office_seconds`` of office time have
        elapsed after the naive UTC datetime ``start``."""
        if not self.attendances:
            raise NoOfficeTime("the calendar has no office hours")
        return from_seconds(self.add_seconds(to_seconds(start), office_seconds))

    def add_working_days(self, start, days):
        if not self.day_seconds:
            raise NoOfficeTime("the calendar has no Monday hours")
        return self.add(start, days * self.day_seconds)

    def office_seconds_between(self, start, end):
        """Office seconds elapsed between two naive UTC datetimes (0 if end <= start)."""
        if not self.attendances or end <= start:
            return 0.0
        first, last = to_seconds(start), to_seconds(end)
        for moment in (first, last):
            low, high = self._bounds
            if not low <= moment < high:
                self._cover_moment(moment)
        table = self._table
        return self._position(last, table) - self._position(first, table)

    def office_seconds_in(self, intervals):
        """Office seconds covered by the union of ``[(start, end), ...]``."""
        total, current_start, current_end = 0.0, None, None
        for start, end in sorted(interval for interval in intervals if interval[1] > interval[0]):
            if current_end is not None and start <= current_end:
                current_end = max(current_end, end)
                continue
            if current_end is not None:
                total += self.office_seconds_between(current_start, current_end)
            current_start, current_end = start, end
        if current_end is not None:
            total += self.office_seconds_between(current_start, current_end)
        return total
