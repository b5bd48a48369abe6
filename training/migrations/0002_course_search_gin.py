from django.db import migrations

from portal.search import gin_index_operation


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [gin_index_operation("training_course")]
