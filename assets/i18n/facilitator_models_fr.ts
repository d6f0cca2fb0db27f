<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>AttendanceTableModel</name>
    <message>
        <source>Present</source>
        <translation>Présent·e</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>present</source>
        <translation>présent·e</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>absent·e</translation>
    </message>
    <message>
        <source>not marked</source>
        <translation>non pointé</translation>
    </message>
</context>
<context>
    <name>FacilitatorTables</name>
    <message>
        <source>Learner id</source>
        <extracomment>Column titles of the core tables (core stays English and untranslated); also the titles of the CSV export, in the language chosen for the file.</extracomment>
        <translation>Identifiant</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Groupes</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Genre</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Capsules done</source>
        <translation>Capsules terminées</translation>
    </message>
    <message>
        <source>Progress %</source>
        <translation>Progression %</translation>
    </message>
    <message>
        <source>Quiz score %</source>
        <translation>Score aux quiz %</translation>
    </message>
    <message>
        <source>Quizzes</source>
        <translation>Quiz</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>Dernière activité</translation>
    </message>
    <message>
        <source>Sessions attended</source>
        <translation>Séances suivies</translation>
    </message>
    <message>
        <source>Sessions recorded</source>
        <translation>Séances pointées</translation>
    </message>
    <message>
        <source>Attendance %</source>
        <translation>Assiduité %</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certificat</translation>
    </message>
    <message>
        <source>Capsule</source>
        <translation>Capsule</translation>
    </message>
    <message>
        <source>Learners who completed</source>
        <translation>Apprenants ayant terminé</translation>
    </message>
    <message>
        <source>Completion %</source>
        <translation>Achèvement %</translation>
    </message>
    <message>
        <source>Quiz takers</source>
        <translation>Ont fait le quiz</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Réponses</translation>
    </message>
    <message>
        <source>Success %</source>
        <translation>Réussite %</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Learners</source>
        <translation>Apprenants</translation>
    </message>
    <message>
        <source>Share %</source>
        <translation>Part %</translation>
    </message>
    <message>
        <source>Average progress %</source>
        <translation>Progression moyenne %</translation>
    </message>
    <message>
        <source>Completed the course</source>
        <translation>Ont terminé le cours</translation>
    </message>
    <message>
        <source>Certified</source>
        <translation>Certifiés</translation>
    </message>
    <message>
        <source>Women %</source>
        <translation>Femmes %</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <source>Capsules</source>
        <translation>Capsules</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Facilitator</source>
        <translation>Animateur·rice</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Présent·e</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Pointés</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>Code PIN</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Âge</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Terminée</translation>
    </message>
    <message>
        <source>Video %</source>
        <translation>Vidéo %</translation>
    </message>
    <message>
        <source>Best quiz %</source>
        <translation>Meilleur quiz %</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Essais</translation>
    </message>
    <message>
        <source>set</source>
        <translation>défini</translation>
    </message>
    <message>
        <source>to choose at first use</source>
        <translation>à choisir à la première ouverture</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>Woman</source>
        <translation>Femme</translation>
    </message>
    <message>
        <source>Man</source>
        <translation>Homme</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
    <message>
        <source>Prefers not to say</source>
        <translation>Préfère ne pas répondre</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>Étudiant·e</translation>
    </message>
    <message>
        <source>Civil society</source>
        <translation>Société civile</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Média</translation>
    </message>
    <message>
        <source>Public authority</source>
        <translation>Autorité publique</translation>
    </message>
    <message>
        <source>Entrepreneur</source>
        <translation>Entrepreneur·e</translation>
    </message>
</context>
</TS>
