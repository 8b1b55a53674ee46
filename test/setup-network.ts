// Loaded before every test file (jest `setupFiles`): no test may reach the
// network except servers it starts itself on the loopback interface.
import nock from 'nock';

nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
