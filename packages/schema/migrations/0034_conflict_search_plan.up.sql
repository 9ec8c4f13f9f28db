-- 0034: the conflict search plans with pg_trgm's operators priced as what they are. The
-- trigram operators (%, <%) are declared with the default cost of a cheap operator, so the
-- planner thought filtering a firm's 10,000 other names by them cheaper than their trigram
-- index, and scanned every name (56 ms of a 61 ms search on the bench's firm of 100,000
-- parties). A higher cpu_operator_cost while the search plans makes the index paths win; it
-- changes nothing else (the function's one query is the search: nothing else is planned with it).
alter function legal.conflict_search_at(uuid, text, integer) set cpu_operator_cost = 0.25;
