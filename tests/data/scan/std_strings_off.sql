-- reader: std_strings=off
select 'a\'; select 2;';
