# Dates as the clinic writes them ("October 27, 2025"); Chinese keeps Django's
# own zh_Hans format ("2025年10月27日").
DATE_FORMAT = "F j, Y"
