"""A release workbook to checked frames: sheets and header rows found by content, every problem a finding."""
