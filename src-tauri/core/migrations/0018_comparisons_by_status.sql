-- 0018: the pages in one workflow state found by their status, not by reading every row:
-- `publish --due` on a desk of 10,000 pages reads its few scheduled ones (issue 32).
CREATE INDEX comparisons_by_status ON comparisons (status);
