select U&'d\0061t;' , U&"d;t" ; select u&'\';
