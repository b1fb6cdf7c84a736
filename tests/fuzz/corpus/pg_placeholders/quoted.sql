UPDATE t SET note = 'is it? yes' , "we?ird" = ? WHERE id = ? -- why?
 AND x = ?