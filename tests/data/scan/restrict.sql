\restrict abc123XYZ
select 1;
\unrestrict abc123XYZ
