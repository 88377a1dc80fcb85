"""English demo content for `manage.py load_demo_content`: data, images, loader."""
