-- 0034 down: the search plans with the server's cpu_operator_cost again.
alter function legal.conflict_search_at(uuid, text, integer) reset cpu_operator_cost;
