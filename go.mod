module dlfs

go 1.26
