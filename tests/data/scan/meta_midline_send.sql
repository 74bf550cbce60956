select 1 \gx
select 2 \gset p_
