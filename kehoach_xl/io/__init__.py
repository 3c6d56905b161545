"""Files and package data: the zip guard, the engines that read workbooks, safe output, the document writer."""
