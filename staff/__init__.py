"""Who works in the admin: roles (groups, permissions) and sign-in protection."""
