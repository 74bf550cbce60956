select :cmd
;
