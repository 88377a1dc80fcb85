"""Patients' enquiries: the contact page and form, submissions, their retention."""
