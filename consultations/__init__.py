"""Which pages bring consultations: anonymous daily counts of contact-link clicks
and enquiries sent, per page of origin."""
