select 1 \g (format=csv tuples_only) out.csv
