\if :{?v}
select 1;
\elif false
select 2;
\else
\endif
