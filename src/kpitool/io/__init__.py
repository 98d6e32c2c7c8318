"""Reading Amazon's files: the only package that knows their formats, languages and quirks.

``folder.scan_folder`` reads every report below a folder; ``read.read_report`` one file
(sniffing its encoding, container and header via ``sniff``, ``headers``, ``detect`` and
``kinds``); ``clean`` parses numbers, money, percents and dates; ``combine`` counts each row
once across overlapping downloads; ``ledger`` reads the payments downloads; ``costs`` the
seller's unit cost file.
"""
