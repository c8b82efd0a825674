"""Referral contacts: which areas a name means (`lookup`), whether it is out of hours
(`clock`), the needs and audiences they are filed under (`needs`), and which contacts to
show, in which order (`select`). Everything here returns data; `render` formats it."""
