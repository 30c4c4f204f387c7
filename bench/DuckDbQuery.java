import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs one SQL query in an in-memory DuckDB and prints its rows, tab-separated: bench/run's comparison for
 * queries over the same file. Run as a single source file with DuckDB's JDBC jar on the class path:
 * {@code java -cp duckdb_jdbc.jar bench/DuckDbQuery.java "SELECT ..."}.
 */
public final class DuckDbQuery {

    public static void main(String[] args) throws SQLException {
        if (args.length != 1) {
            System.err.println("usage: java -cp duckdb_jdbc.jar bench/DuckDbQuery.java SQL");
            System.exit(2);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery(args[0])) {
            int columns = r.getMetaData().getColumnCount();
            StringBuilder out = new StringBuilder();
            while (r.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.append(i > 1 ? "\t" : "").append(r.getString(i));
                }
                out.append('\n');
            }
            System.out.print(out);
        }
    }
}
