"""A second factor for the admin: a code from an authenticator app (TOTP).

django-otp keeps the devices (its TOTP plugin: secret, replay guard, back-off after
wrong codes) and marks a session verified (`OTPMiddleware`, `user.is_verified()`).
This package decides who must use it and shows it inside the Wagtail admin:

- policy.py: who must (superusers, the Enquiries group, anyone who enrolled),
  checking a code (throttled like the sign-in, replayed codes refused), reset;
- middleware.py: sends those people to verification or enrolment before any other
  admin page, while STAFF_2FA_REQUIRED is on;
- views.py, forms.py: verify, enrol (QR code and secret), the account page and a
  superuser's reset of someone else's device.
"""
