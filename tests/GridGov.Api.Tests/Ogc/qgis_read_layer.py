# Opens one collection of GridGov's OGC API with QGIS's own OAPIF provider (Debian's python3-qgis), as the
# "Add WFS / OGC API - Features layer" dialog does with a Basic user/password, and prints what QGIS read as JSON.
# usage: python3 qgis_read_layer.py URL TYPENAME [USER PASSWORD]
import os, sys, tempfile, json
os.environ['QT_QPA_PLATFORM'] = 'offscreen'
os.environ['QGIS_AUTH_DB_DIR_PATH'] = tempfile.mkdtemp()
from qgis.core import QgsApplication, QgsVectorLayer, QgsDataSourceUri, QgsWkbTypes
QgsApplication.setPrefixPath('/usr', True)
app = QgsApplication([b'x'], False)
app.initQgis()
url, typename = sys.argv[1], sys.argv[2]
def open_layer():
    uri = QgsDataSourceUri()
    uri.setParam('url', url)
    uri.setParam('typename', typename)
    if len(sys.argv) > 4:
        uri.setUsername(sys.argv[3])
        uri.setPassword(sys.argv[4])
    return QgsVectorLayer(uri.uri(False), typename, 'OAPIF')
layer = open_layer()
# (layer.error().summary() crashes QGIS 3.22's Python binding: not asked.)
result = {'valid': layer.isValid()}
if layer.isValid():
    result['crs'] = layer.crs().authid()
    result['geometryType'] = QgsWkbTypes.geometryDisplayString(layer.geometryType())
    result['fields'] = [f.name() for f in layer.fields()]
    # Features are named by `id`, areas (townships, villages) by their `code`.
    key = 'id' if 'id' in result['fields'] else 'code'
    result['ids'] = sorted(int(f[key]) for f in layer.getFeatures())
print(json.dumps(result))
sys.stdout.flush()
# QGIS 3.22 can crash while tearing down offscreen; what it read is printed by then.
os._exit(0)
