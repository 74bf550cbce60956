;
  ;select 1;;
